"""The core's own hook implementations, registered like any plugin (see CORE_PLUGINS)."""
