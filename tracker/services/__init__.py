"""Load rows, apply the domain rules and write: the layer between views and the database."""
