"""The PDF proposal of a Plan (reportlab; no Qt): the CLI's `llmplan report` and the desktop's
Export PDF button call the same `build_report`."""

from core.report.document import ReportSettings, build_report

__all__ = ["ReportSettings", "build_report"]
