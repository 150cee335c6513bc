let previewPassword = "Passw0rd!"
