# The back office's fixtures: an agency with a signing certificate, its staff, a submitted dossier.
from motcua.workflow.tests.conftest import agency, procedure, staff, submitted  # noqa: F401
