"""What GPUs there are: the GPU catalog with datasheet figures and name matching (gpus), the
probe of this machine or a server (probe: NVML, nvidia-smi, SSH), hardware profiles (profile)
and a profile's GPUs as sets to plan on (targets)."""
