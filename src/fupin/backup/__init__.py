"""Backup and restore of a whole fupin installation: the database and the uploaded files in one
archive with a manifest (docs/operations.md §5).

The package stands above every app: it reads the tables through Django's model registry and the
database connection, never through an app's code, so it depends on no app."""
