"""Classic UI views of ntnu.casemgmt."""
