"""Export of a regulation (or the version in force on a date) as a Word document in GB/T 9704 layout (SPEC §9).

``layout`` is the one template: page geometry, fonts and every paragraph style; ``word`` writes a regulation's
parts into it (版头, 标题, 正文, 附件说明, 署名, 成文日期, 附件, 页码); ``select`` finds the text to export and
refuses secret ones. Nothing here imports the importer: what both sides agree on is in ``zhidu.domain.officialdoc``.
"""
