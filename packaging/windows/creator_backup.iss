; Inno Setup script: a per-user Windows installer for the one-folder PyInstaller bundle.
; Build the bundle first (on Windows: pyinstaller --noconfirm --distpath build\dist
; --workpath build\pyinstaller packaging\pyinstaller\creator_backup.spec), then:
;     iscc packaging\windows\creator_backup.iss
; The release workflow passes the tagged version: iscc /DAppVersion=<version> ...; without
; it, the default below, which must equal creator_backup/appinfo.py's VERSION
; (tests/packaging/test_versions.py checks it).

#define AppName "Creator Backup"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "creator-backup-gui.exe"
#define CliExe "creator-backup.exe"

[Setup]
; The id Windows knows the installation by: never change it, or upgrades install twice.
AppId={{47F8110C-72AC-4DDF-BD47-CC6C05C65183}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The creator_backup team
AppPublisherURL=https://github.com/creatorbackup/creator_backup
AppSupportURL=https://github.com/creatorbackup/creator_backup/issues
; Installs for the current user, no administrator needed; an administrator may still
; choose to install for everyone.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\build\installer
OutputBaseFilename=CreatorBackup-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\creator-backup.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; A running copy (the window, or a scheduled backup) is asked to close first.
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\build\dist\creator-backup\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; A scheduled backup would otherwise point at a program that is gone. The archives, the
; settings and the logins are the user's and stay.
Filename: "{app}\{#CliExe}"; Parameters: "schedule remove"; Flags: runhidden; RunOnceId: "RemoveSchedule"
