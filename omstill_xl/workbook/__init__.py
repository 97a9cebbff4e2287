"""Workbook I/O: build the template, read a workbook into the model, write annotated copies."""
