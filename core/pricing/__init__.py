"""What things cost: the price catalog of APIs, cloud GPUs, servers, energy and exchange rates,
each price with its source and date (catalog), how old a price is (ages), and the readers of
price files planners bring (importers: format detection; checks: bounded reading and checked
prices; litellm; clouds: SkyPilot and gpuhunt; own_format: the planner's own CSV and JSON)."""
