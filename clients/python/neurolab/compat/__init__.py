"""Layers that let scripts written for other platforms run on NeuroLab OS with their imports changed."""
