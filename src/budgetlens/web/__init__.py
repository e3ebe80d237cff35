"""The reviewer's web app: upload documents, see every finding on the page, browse the corpus.

``app.create_app`` builds a FastAPI application on a corpus store (``budgetlens serve``). Pages are
rendered on the server from Jinja2 templates with autoescaping on; every asset (CSS, scripts,
fonts, charts) ships in this package, nothing is fetched from the internet. Routes are grouped by
what they serve: ``documents.py`` (upload, one document, its findings and pages, verdicts) and
``corpus.py`` (departments, years, charts, findings across the corpus); each page has a JSON twin
under ``/api``.
"""
