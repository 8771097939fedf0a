"""The parts of `vendorgraph loadtest`: the workload its clients run and what it measures."""
