"""Tests of core/pricing/."""
