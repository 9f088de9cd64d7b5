<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name />
        <message>
            <source>The App id and secret belong together.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest refuses this App secret: copy it again from your app's page (Show key).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The App secret could not be checked.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The app belongs to {owner}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Trial access: Pinterest allows the app {limit:,} requests a day; a backup of a large account may take a few days.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Standard access.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It cannot see secret boards and pins: they would not be backed up.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It lacks these permissions: {scopes}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It may read everything a backup needs, secret boards included.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{uri} is registered.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{uri} is not registered: add it on your app's page (step 5).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{uri} could not be checked.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>AlertBanner</name>
        <message>
            <source>Alert</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>AppStep</name>
        <message>
            <source>Step 2 of 7: make your app on Pinterest</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open My apps on Pinterest's developer site, accept the Developer Terms, and press Connect app. Fill in the form with the answers below (Copy puts one in the clipboard; change any you like), then send it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open My apps</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>your name, or your shop's</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your Pinterest profile name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>as in pinterest.com/yourname (optional)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your profile name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest's form asks for these:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest refuses an app name with the word Pinterest in it, so it is left out.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>AppealPage</name>
        <message>
            <source>Appeal</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The report could not be read from the packet, {where}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The report could not be opened; it is in {where}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The folder could not be opened; the packet is in {where}.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ApprovalStep</name>
        <message>
            <source>Step 3 of 7: wait for Pinterest's approval</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest reviews new apps each business day, so approval takes about a day, sometimes two. Pinterest tells you by e-mail, and the app then shows on My apps.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>You can close this assistant, and the app, now: the assistant opens at this step next time.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Meanwhile, import your Pinterest data export: it gives you a first copy today, with no app needed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Import my data export…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open My apps</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Approved? Press Next.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>AutoBackupOffer</name>
        <message>
            <source>Back up automatically?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your first backup is done</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your archive is in {folder} and takes {size} on this computer.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Where the archive is</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back it up automatically, even while this window is closed? Each time, only what changed is fetched, and nothing is ever removed from the archive. You can turn it off in Settings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How often</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Every 6 hours</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Every 12 hours</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Every day</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Every week</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back up:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Automatic backups status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Turn on automatic backups</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Not now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Setting up automatic backups…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Automatic backups could not be set up.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>BackupPage</name>
        <message>
            <source>Backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Connect your Pinterest account…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show what happened</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No Pinterest account is connected yet: connect yours to back it up.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hide what happened</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backup cancelled before it saved anything; the archive is as it was.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>BrowsePage</name>
        <message>
            <source>Browse</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>← Back to the pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back to the pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pin details</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>BusinessStep</name>
        <message>
            <source>Step 1 of 7: a business account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest lets only business accounts make the small app you need to back up your account. A business account is free, and you keep your pins, boards and followers.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>If yours is a personal account, convert it: it takes a minute, and you can switch back. Or make a new business account. Either way, confirm your e-mail address when Pinterest asks: the next step needs it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Convert my account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Make a business account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Already a business account? Press Next.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>CheckStep</name>
        <message>
            <source>Step 6 of 7: check your app</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ask Pinterest whether your app is ready: its secret, what it may read, and its redirect URIs. Nothing is changed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Check my app</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What the check found</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What works and what is missing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Change the App id or secret</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show the redirect URIs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type your app's secret first (step 4).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Asking Pinterest…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The app could not be checked.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ConnectStep</name>
        <message>
            <source>Step 7 of 7: connect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your app</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The simplest: no browser needed. It connects the account that made the app.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Log in with the &amp;browser</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Stop waiting</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>For another account, or when Connect does not work: Pinterest asks you to approve your app in your browser, then sends you back here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Access token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>paste the token here</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect with this &amp;token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The last resort: on your app's page, generate a token and paste it here. It works for 30 days, cannot be renewed, and cannot see secret boards or pins.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connection status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What the login may see</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>App secret</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the App secret, from your app's page (Show key)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Try &amp;again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>You can keep the login in a private file instead, readable only by your user on this computer. Unlike the keyring, anyone who can read your files can then use the login.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep the login in a private &amp;file and try again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show the redirect URIs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Try again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Log in with the browser instead</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your app: {app_id}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No app of your own is needed: log in with the browser through the app that comes with Creator Backup. (For an app of your own, go Back.)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No app yet: the token below works without one.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Give your app's id first (Back leads to it).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type your app's secret: on your app's page, press Show key and copy it here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connecting…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Waiting for you to approve your app in the browser… (Stop waiting ends it)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Paste the access token first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Checking the token with Pinterest…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type the App secret first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connected as {name}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest lets Creator Backup {permissions}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Secret boards and pins will not be backed up: this login cannot see them.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>To back them up too, connect again with Connect or with the browser: they ask Pinterest for secret boards and pins, which a generated token never has.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stopped waiting for the browser.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>There is no secure password store (keyring) on this computer to keep your Pinterest login.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The login did not work.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ConnectWizard</name>
        <message>
            <source>Connect your Pinterest account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Close</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>DoneStep</name>
        <message>
            <source>&amp;Open the report</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the packet's report (report.pdf)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>GoneGrid</name>
        <message>
            <source>What is gone</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>{board}: the whole board, %Ln pin(s)</source>
            <translation>
                <numerusform>{board}: the whole board, %Ln pin</numerusform>
                <numerusform>{board}: the whole board, %Ln pins</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{board}: %Ln pin(s)</source>
            <translation>
                <numerusform>{board}: %Ln pin</numerusform>
                <numerusform>{board}: %Ln pins</numerusform>
            </translation>
        </message>
        <message>
            <source>Untitled pin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restored: {title}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>History</name>
        <message numerus="yes">
            <source>%Ln pin(s)</source>
            <translation>
                <numerusform>%Ln pin</numerusform>
                <numerusform>%Ln pins</numerusform>
            </translation>
        </message>
        <message>
            <source>Pinterest's data export</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>quick backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the backup of {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Section</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(untitled)</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln pin(s) shared this picture</source>
            <translation>
                <numerusform>%Ln pin shared this picture</numerusform>
                <numerusform>%Ln pins shared this picture</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>on %Ln board(s)</source>
            <translation>
                <numerusform>on %Ln board</numerusform>
                <numerusform>on %Ln boards</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>What is gone: %Ln pin(s). Click a picture to open its pin.</source>
            <translation>
                <numerusform>What is gone: %Ln pin. Click a picture to open its pin.</numerusform>
                <numerusform>What is gone: %Ln pins. Click a picture to open its pin.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HistoryPage</name>
        <message>
            <source>History</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Build an &amp;appeal packet of what is gone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Restore what is gone…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{backup} stopped before it finished ({why}); it is kept, but never compared, so nothing is taken as removed from it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{backup} is the first complete one: there is nothing before it to compare with.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Comparing it with the complete backup before it…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>put back for the archived one it replaces</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Import</name>
        <message>
            <source>This export was imported before (snapshot {snapshot}); nothing was added twice.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln pin(s)</source>
            <translation>
                <numerusform>%Ln pin</numerusform>
                <numerusform>%Ln pins</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln board(s)</source>
            <translation>
                <numerusform>%Ln board</numerusform>
                <numerusform>%Ln boards</numerusform>
            </translation>
        </message>
        <message>
            <source>{pins} on {boards}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{pins} (their boards are unknown)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Imported {name}'s data export of {when} into {where}: {what}.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Pinterest marks %Ln pin(s) as no longer alive: History lists them, and an appeal packet documents them.</source>
            <translation>
                <numerusform>Pinterest marks %Ln pin as no longer alive: History lists them, and an appeal packet documents them.</numerusform>
                <numerusform>Pinterest marks %Ln pins as no longer alive: History lists them, and an appeal packet documents them.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Already in your backups: %Ln pin(s).</source>
            <translation>
                <numerusform>Already in your backups: %Ln pin.</numerusform>
                <numerusform>Already in your backups: %Ln pins.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln picture(s) could not be downloaded now; the rest is imported.</source>
            <translation>
                <numerusform>%Ln picture could not be downloaded now; the rest is imported.</numerusform>
                <numerusform>%Ln pictures could not be downloaded now; the rest is imported.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln part(s) of the file could not be read; the import went on without them.</source>
            <translation>
                <numerusform>%Ln part of the file could not be read; the import went on without them.</numerusform>
                <numerusform>%Ln parts of the file could not be read; the import went on without them.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>KeysStep</name>
        <message>
            <source>Step 4 of 7: your app's id and secret</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>On My apps, open your app and choose Manage. Copy its App id, and its App secret (press Show key first), into these fields. The secret is kept in the system keyring, or in the private file if you chose one; never in the settings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open My apps</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>App id</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a number, such as 1504321</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>App secret</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>App id:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>App secret:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>App id and secret status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>kept already: leave empty to use it, or type a new one</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>from your app's page, after Show key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The App id is a number, such as 1504321: copy it from your app's page.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type the App secret too: on your app's page, press Show key and copy it.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Loss</name>
        <message numerus="yes">
            <source>%Ln board(s)</source>
            <translation>
                <numerusform>%Ln board</numerusform>
                <numerusform>%Ln boards</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln section(s)</source>
            <translation>
                <numerusform>%Ln section</numerusform>
                <numerusform>%Ln sections</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln pin(s)</source>
            <translation>
                <numerusform>%Ln pin</numerusform>
                <numerusform>%Ln pins</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>&amp;Connect your Pinterest account…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Getting started</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connected as {name}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The demo opens in a window of its own in a moment.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The demo could not be started.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop the running work?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{what} is not finished. Stop it and quit? What is done so far is kept, and the next run continues from there.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MasonryGrid</name>
        <message>
            <source>Pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loading more pins…</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>OverviewPage</name>
        <message>
            <source>Overview</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account alert</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>See what's gone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Build an appeal packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Login and requests</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>PinDetailPane</name>
        <message>
            <source>Picture of the pin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pin title</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pin status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>When the pin's board was last checked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Description</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Link</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Section</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Created</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First seen</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last seen</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Files</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Files of the pin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Open file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open the chosen file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>History</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Versions of the pin across snapshots</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seen in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What changed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Board and section</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Then</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Details</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pin id</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Probes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Probes of the pin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>When</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Verdict</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>HTTP status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All fields</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All fields of the pin as archived</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Field</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Value</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose a pin to see its details.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loading…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The pin's picture</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>PreviewStep</name>
        <message>
            <source>Pictures in the packet</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RedirectsStep</name>
        <message>
            <source>Step 5 of 7: register the redirect URIs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>On the same Manage page, add each of these addresses under Redirect URIs, exactly as written (Pinterest matches them letter for letter), and save. They bring you back here after you approve your app in the browser.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Redirect URI</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>redirect URIs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copy them all</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RestorePage</name>
        <message>
            <source>Restore</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Settings</name>
        <message>
            <source>The settings could not be saved ({why}).</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>Settings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Connect your Pinterest account…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your Pinterest app</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Forget its secret</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your app's access</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Find out from Pinterest's answers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Trial ({limit:,} requests a day)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Standard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Access:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Automatic backups while the app is closed, if you turned them on after your first backup, run through your system's own scheduler.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Turn &amp;off backups while closed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backups while closed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Set up your Pinterest app…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No app of your own yet. The assistant helps you make one on Pinterest's developer site, or log in without one.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Change or check your app…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your app: {app_id}. Its secret is not kept on this computer.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your app: {app_id}. Its secret is kept in a file readable only by you.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your app: {app_id}. Its secret is kept in the keyring.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The secret could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your app: {app_id}. {problem}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Automatic backups could not be turned off.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Step</name>
        <message>
            <source>Copy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copy the {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copied</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>WelcomePage</name>
        <message>
            <source>Welcome to {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep your own Pinterest boards and pins on this computer: see what disappears, document it for an appeal, and put it back. Choose how to start; you can do the others later.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Connect your Pinterest account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect your Pinterest account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No developer account needed. On Pinterest, open Settings ▸ Privacy and data ▸ Request your data; Pinterest e-mails you a download link within a few days.

The export holds your pins and boards, with their pictures in lower resolution. It has no board sections, no details of secret boards unless Pinterest includes them, and no history of earlier changes. Connect your account later to back up the rest.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open Pinterest's privacy settings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Import your Pinterest data export…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import your Pinterest data export</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>See every page at work on a made-up account, served by a stand-in for Pinterest on this computer. It opens in a window of its own; nothing you do there touches a real account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Try the demo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Try the demo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Welcome status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Go to &amp;Overview</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>You are waiting for Pinterest to approve your app (about a business day). Once it has, continue where you stopped: the App id and secret are next.

Meanwhile, importing your data export gives you a first copy today.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Continue connecting</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>You started connecting your account. Continue where you stopped.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back up everything, secret boards included, and keep it up to date.

Pinterest lets you in through a free app of your own. The assistant shows each step, with every answer Pinterest's form asks for; Pinterest then takes about a business day to approve the app.</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>