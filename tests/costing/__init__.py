"""Tests of core/costing/."""
