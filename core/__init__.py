"""Pure-Python engine of the LLM Deployment Planner: specs, fit, speed, costs, CLI. No Qt here."""

__version__ = "0.1.0"
