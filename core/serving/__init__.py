"""How a model runs on GPUs: what each inference engine reserves and achieves (engines), whether
a model fits and where its memory goes (fit), how fast it answers (speed), the memory to
fine-tune it (finetune), what runs on a GPU set (recommend) and fits on probed GPUs
(placement)."""
