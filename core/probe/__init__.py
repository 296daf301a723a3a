"""Read the GPUs in front of you (core.probe.local: NVML, else nvidia-smi) or on a server over
SSH (core.probe.remote), as a HardwareProfile (core.probe.profile). Submodules are imported
where used, so reading a scenario file does not load the probe."""
