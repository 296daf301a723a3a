"""Tests of core/report/."""
