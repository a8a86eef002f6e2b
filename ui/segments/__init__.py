"""Retrieved segments of the selected codes, filterable by case, attribute and coder."""
