"""The årsrapport to fylkeskommunen as a Word document (``omstill report``).

Modules, each with one job:

- ``variables``: the report context schema, declared once (lint and README are generated from it)
- ``context``: plans → the plain report context (pure)
- ``programmes``: many workbooks → programmes and years (pure)
- ``formatting``: Norwegian numbers and dates through Babel (Jinja filters)
- ``charts``: matplotlib charts as deterministic PNG bytes
- ``make_template``: the built-in Word template, built by code (``templates/arsrapport.docx``)
- ``lint``: checks a user's template before anything is rendered
- ``render``: context + template → .docx bytes (docxtpl in a sandbox; python-docx for the rest)
- ``pdf``: .docx → PDF through LibreOffice headless
- ``batch``: many inputs → many reports, a summary, both cores

Heavy libraries (docx, docxtpl, matplotlib, babel) are imported inside functions.
"""
