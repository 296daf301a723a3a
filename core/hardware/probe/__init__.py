"""Read the GPUs in front of you (local: NVML, else nvidia-smi) or on a server over SSH
(remote), as a HardwareProfile (core.hardware.profile). Submodules are imported where used, so
reading a scenario file does not load the probe."""
