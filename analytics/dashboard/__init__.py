"""The province and national dashboards: reads of the rollups (selectors), what may be shown
(privacy), tables and charts built from them, and their exports."""
