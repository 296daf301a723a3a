"""How a model runs on GPUs: what each inference engine reserves and achieves (engines), where a
deployment's memory goes and how many GPUs it needs (memory), whether it fits and why (fit), how
fast it answers (speed), the memory to fine-tune it (finetune), what runs on a GPU set
(recommend) and fits on probed GPUs (placement)."""
