"""What things cost: the price catalog of APIs, cloud GPUs, servers, energy and exchange rates,
each price with its source and date (catalog), and the readers of price files planners bring
(importers: LiteLLM, SkyPilot, gpuhunt, the planner's own CSV and JSON)."""
