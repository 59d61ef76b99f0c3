"""samen: runs an inter-municipal cooperation agreement."""
