"""Operations: the production server, the health check, file permissions, backup and restore."""
