"""Tests of core/model/."""
