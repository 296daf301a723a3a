"""What a deployment costs and which to choose: the scenario (scenario), what a replica and a
billed unit carry (capacity), the cost of one option at one volume (costs), each option resolved
for a calculation (context), the plan (plan: calculate) and its figures (results), what moves
with volume and time (sweeps: cumulative cost, payback, break-even, sensitivity, utilisation),
the levers (levers), the recommendation, plausibility and reference checks (decision), the plan
as JSON (plan_json) and text (plan_text), and a probed profile kept in a scenario (attach)."""
