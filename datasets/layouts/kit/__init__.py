"""Building blocks for the layout fixtures: number formats, tables, pages, the manifest."""
