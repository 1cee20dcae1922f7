"""The outputs, written from the marts only: baspaket workbooks and pages, the board report, the overview."""
