"""The requirements chapter: workload, model and memory, fit and speed of each self-hosted
option (with the memory chart), and the hardware probed."""

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Spacer,
)

from core.i18n.message import Number, msg, term
from core.report import charts
from core.report.blocks import Blocks
from core.report.layout import plain
from core.report.words import share
from core.units import GiB


class RequirementsSection(Blocks):
    """What the plan has to carry and what it runs on."""

    def requirements(self) -> list[Flowable]:
        tr = self.tr
        story: list[Flowable] = [self.h1(tr("Requirements")), self.h2(tr("Workload")),
                                 self.workload_table()]
        memory = self.model_and_memory()
        if memory:  # a scenario priced from measured seconds names no model
            story += [self.h2(tr("Model and memory")), *memory]
        story += self.fit_and_speed()
        story.append(self.h2(tr("Hardware")))
        story += self.hardware()
        story.append(PageBreak())
        return story

    def workload_table(self) -> Flowable:
        tr, workload = self.tr, self.plan.workload
        per_day = workload.hourly_requests * workload.hours_per_day
        target_ttft = (f"{self.number(workload.ttft_target_s, 2)} s"
                       if workload.ttft_target_s else tr("not set"))
        target_speed = (self.render(msg("{value} tokens/s", value=Number(
            workload.tokens_per_s_per_user, 1)))
                        if workload.tokens_per_s_per_user else tr("not set"))
        rows = [(tr("Requests per service hour"), self.number(workload.hourly_requests, 1)),
                (tr("Requests per day"), self.number(per_day)),
                (tr("Requests per year"), self.number(per_day * workload.days_per_year)),
                (tr("Prompt tokens per request"), self.number(workload.prompt_tokens)),
                (tr("Answer tokens per request"), self.number(workload.completion_tokens)),
                (tr("Service hours per day"), self.number(workload.hours_per_day, 1)),
                (tr("Service days per year"), self.number(workload.days_per_year)),
                (tr("Peak over average load"), self.number(workload.peak_to_average, 2)),
                (tr("Growth per year"), share(workload.growth_per_year, self.language)),
                (tr("Time to first token target"), target_ttft),
                (tr("Decode speed target per user"), target_speed)]
        return self.table([tr("Input"), tr("Value")],
                          [[escape(a), escape(b)] for a, b in rows], [3, 2], {1})

    def model_and_memory(self) -> list[Flowable]:
        tr, plan, story = self.tr, self.plan, []
        if self.scenario.model is not None:
            model = self.scenario.model
            story.append(self.paragraph(plain(tr(
                "Self-hosted model: {0}, {1}, engine {2}, KV cache {3}.", model.id, model.quant,
                model.engine or term("chosen by the quantization"), model.kv_quant))))
        if plan.memory is not None:
            memory = plan.memory
            story.append(self.paragraph(plain(tr(
                "Memory by {0}: {1} parameters ({2}); weights as served {3}, adapter {4}, "
                "fine-tuning {5}, serving {6}.", memory.rule, self.number(memory.params),
                memory.params_basis, self.gb(memory.weights_bytes),
                self.gb(memory.adapter_bytes, 2), self.gb(memory.finetune_bytes),
                self.gb(memory.serving_bytes)))))
            if memory.finetune_weights_bytes or memory.activation_bytes:
                story.append(self.paragraph(plain(tr(
                    "Fine-tuning holds the base {0}, trained weights, gradients and optimizer "
                    "states {1} and activations {2}; {3}.",
                    self.gb(memory.finetune_weights_bytes), self.gb(memory.trainable_bytes, 2),
                    self.gb(memory.activation_bytes), memory.activation_basis)),
                    self.styles.small))
            story += self.bullets([plain(self.finetune_fit_sentence(item))
                                   for item in memory.fits])
            if memory.fit_note:
                story.append(self.paragraph(plain(tr(
                    "No self-hosted option names a GPU: whether a fine-tuning run fits is not "
                    "checked.")), self.styles.small))
        return story

    def finetune_fit_sentence(self, item: Any) -> str:
        """Whether one fine-tuning run fits on one server or instance of an option."""
        tr = self.tr
        where = f"{item.gpus} × {item.gpu} ({self.gb(item.memory_bytes)})"
        if item.fits:
            return tr("Fine-tuning fits on {0} of {1}: {2} needed, {3} left.", where,
                      item.option, self.gb(item.needed_bytes), self.gb(item.margin_bytes))
        return tr("Fine-tuning does not fit on {0} of {1}: {2} needed, {3} more than the GPUs "
                  "hold.", where, item.option, self.gb(item.needed_bytes),
                  self.gb(-item.margin_bytes))

    def fit_row(self, option: Any) -> list[str]:
        """One self-hosted option's replica: GPUs, batch, speed, memory per GPU, headroom."""
        capacity = option.cost.capacity
        replica = capacity.replica if capacity else None
        result = replica.fit if replica else None
        card = result.per_gpu if result else None
        used = (f"{option.cost.units} ({share(option.cost.utilisation, self.language)})"
                if option.cost.utilisation is not None else str(option.cost.units))
        return [
            plain(option.name) + "<br/>" + plain(f"{option.model or ''} {option.quant or ''}"),
            self.number(replica.gpus) if replica and replica.gpus else "—",
            self.number(replica.batch) if replica else "—",
            self.number(replica.decode_tokens_per_s, 1)
            if replica and replica.decode_tokens_per_s else "—",
            f"{self.number(replica.ttft_s, 2)} s" if replica and replica.ttft_s else "—",
            (f"{self.gib(card.weights + card.kv_cache + card.overhead)} / "
             f"{self.gib(result.gpu_memory_bytes)}"
             if card and result and result.gpu_memory_bytes else "—"),
            self.gib(result.headroom_bytes) if result and result.headroom_bytes is not None
            else "—",
            used]

    def fit_and_speed(self) -> list[Flowable]:
        plan, tr, story = self.plan, self.tr, []
        hosted = [(option, option.cost.capacity) for option in plan.options
                  if option.cost.capacity is not None]
        chart_rows = []
        for option, capacity in hosted:
            replica = capacity.replica
            result = replica.fit if replica else None
            card = result.per_gpu if result else None
            if card is not None and result is not None:
                chart_rows.append((option.name, card.weights / GiB, card.kv_cache / GiB,
                                   card.overhead / GiB,
                                   (result.gpu_memory_bytes or 0) / GiB or None))
        if hosted:
            story.append(self.h2(tr("Fit and speed")))
            story.append(self.table(
                [tr("Option"), tr("GPUs per replica"), tr("Batch"), tr("Tokens/s per user"),
                 tr("Time to first token"), tr("Memory per GPU"), tr("Headroom per GPU"),
                 tr("Units (load)")],
                [self.fit_row(option) for option, _ in hosted],
                [3, 1.1, 0.9, 1.2, 1.2, 1.8, 1.4, 1.3], {1, 2, 3, 4, 5, 6}))
            for option, capacity in hosted:
                story.append(self.paragraph(plain(option.name) + ": " + plain(tr(
                    "Capacity: {0}.", capacity.basis)), self.styles.small))
                if option.cost.sizing:
                    story.append(self.paragraph(plain(option.name) + ": " + plain(
                        option.cost.sizing) + ".", self.styles.small))
        if chart_rows:
            story.append(Spacer(1, 4 * mm))
            story.append(charts.memory_chart(
                tr("Memory per GPU of each self-hosted option [GiB]"), chart_rows,
                (tr("weights"), tr("KV cache"), tr("overhead")), tr("GPU memory"), self.width,
                self.language))
        return story

    def hardware(self) -> list[Flowable]:
        tr = self.tr
        if not self.scenario.hardware:
            return [self.paragraph(escape(tr(
                "No hardware was probed; GPUs come from the catalog or the options.")))]
        story: list[Flowable] = []
        for name, profile in self.scenario.hardware.items():
            gpus = ", ".join(f"{gpu.name} ({self.gib(gpu.memory_total_bytes)})"
                             for gpu in profile.gpus) or "—"
            story.append(self.paragraph(plain(f"{name}: ") + plain(tr(
                "Probed: {0}, taken {1}, via {2}: {3}.", profile.host.name or "?",
                profile.taken_at, profile.source + (" over SSH" if profile.via_ssh else ""),
                gpus))))
        return story
