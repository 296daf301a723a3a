"""What a deployment costs and which to choose: the scenario (scenario), the cost of one option
at one volume (costs), the whole plan with break-even, payback, sensitivity, levers and the
decision (plan), its text form (plan_text), and a probed profile kept in a scenario (attach)."""
