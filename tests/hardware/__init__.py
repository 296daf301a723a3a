"""Tests of core/hardware/."""
