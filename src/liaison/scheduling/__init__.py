"""Meeting scheduling: a pure library (no Django) used by the web app and `liaison schedule`."""
