"""Widget modules, one per chapter (slug with underscores): pure model functions + live and static widgets."""
