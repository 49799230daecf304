"""The activities' logic: rules (validation), columns (files), reporting (cycles and reports),
workbook (the pre-filled XLSX and its upload), register (search, filters, export)."""
