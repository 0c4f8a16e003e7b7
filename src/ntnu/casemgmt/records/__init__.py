"""Records: the Noark 5 archive export of a closed case (SPEC §7, §11).

``export`` decides who may export which case and what goes into the
package; ``noark`` writes ``arkivstruktur.xml``; ``pdfa`` writes the PDF/A
files. ``noark5/arkivstruktur-subset.xsd`` is the schema the XML follows.
"""
