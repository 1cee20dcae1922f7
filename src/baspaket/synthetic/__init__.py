"""The synthetic region: exports of the size asked, with the mess real exports carry (`baspaket synth`)."""
