"""The PDF proposal of a Plan (reportlab; no Qt): the CLI's `llmplan report` and the desktop's
Export PDF button call the same `build_report` (document). Its parts: layout (font, styles,
page frame), blocks (tables and figures every chapter uses), the chapters summary,
requirements, cost_pages and appendix, charts and words (English and German)."""

from core.report.document import ReportSettings, build_report

__all__ = ["ReportSettings", "build_report"]
