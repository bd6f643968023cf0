"""Rules of the improvement-plan domain, in plain Python: no Flask, no SQLAlchemy."""
