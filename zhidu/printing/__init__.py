"""Printed output (SPEC §8): the HTML of every printed document and its rendering to PDF with WeasyPrint.

The build feature that decides which PDFs a build makes lives in ``zhidu.build.features.printing``.
"""
