"""The core's contributions (pages and materials) for phase views and reports."""
