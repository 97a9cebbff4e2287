"""The Excel side: the «Valider» button (``button``), reading an open workbook through xlwings (``reading``),
writing the results back (``marks``), the add-in build/install (``addin``) and a VBA reader (``vba``).

Nothing here imports xlwings at module level: the button runs in a fresh Python on every click.
"""
