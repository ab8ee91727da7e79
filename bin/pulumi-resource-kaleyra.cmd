@echo off
rem The native provider plugin of pulumi-kaleyra-flows on Windows: see pulumi-resource-kaleyra.
node "%~dp0..\dist\provider\native\main.js" %*
