"""The moderation facility's hook implementations (filled in as the feature is built)."""
