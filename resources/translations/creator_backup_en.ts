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
        <name>About</name>
        <message>
            <source>Free software under the GNU General Public License, version 3 or any later version (GPL-3.0-or-later): you may use, share and change it under its terms. It comes with no warranty. The licence's full text: https://www.gnu.org/licenses/gpl-3.0.html</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show &amp;log folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Report a problem…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Check for &amp;updates…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;About {app}…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The log folder is {folder}; no file manager could open it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the problem report</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Zip files (*.zip)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Gathering the problem report…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The problem report is saved as {path}: the logs without logins, the versions and settings, and no archive content.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The problem report could not be saved.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>AboutDialog</name>
        <message>
            <source>About {app}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{app} {version}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Version</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keeps your own Pinterest boards and pins on your computer, shows what disappeared, builds appeal packets, and restores what is missing.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Licence</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The log file is in {folder}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Log folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Running on Python {python}, Qt {qt} (PySide6 {pyside}), {system} {release}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show log folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Report a problem…</source>
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
            <source>Step 1 of 4: what the packet documents</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step 2 of 4: what goes in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step 3 of 4: your statement and details</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step 4 of 4: making the packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Done: your packet is ready</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>An appeal packet is one ZIP file to attach to your appeal to Pinterest. It documents your boards and pins as your backups saw them: a report to read (PDF and web page), the pictures and videos, your statement, and checksums anyone can use to check that nothing was changed. It is made on this computer; nothing is sent anywhere.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No account is connected. Connect your Pinterest account in Settings and back it up; an appeal packet is made from your backups.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>There is no complete backup of this account yet, so there is nothing to put in a packet. Run a backup first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Appeal packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing to put in a packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Appeal step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Appeal message</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Back</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Next</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>B&amp;uild the packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The archive could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose two different snapshots: an older one, then a newer one.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Counting what goes in the packet…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Starting…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Making the appeal packet…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stopping after the current step…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Done.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The appeal packet is ready: {name}.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>The appeal packet is ready ({name}), but %Ln media file(s) could not be included; the packet lists them.</source>
            <translation>
                <numerusform>The appeal packet is ready ({name}), but %Ln media file could not be included; the packet lists them.</numerusform>
                <numerusform>The appeal packet is ready ({name}), but %Ln media files could not be included; the packet lists them.</numerusform>
            </translation>
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
        <name>AppealWords</name>
        <message>
            <source>There is only one complete backup so far. Showing what was lost needs a backup from before the loss and one from after it; until then the packet can document everything.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The packet also holds the report (report.pdf and report.html) listing every item with its dates, a spreadsheet of them (inventory.csv), the data as Pinterest gave it, your statement, and a list of checksums (VERIFY.txt says how to check them).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest's data export of {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the backup of {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{when} (Pinterest data export)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{when} (latest)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{when} (before the account was lost)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest said this account was unavailable on {when}. The packet documents everything in it, as in {snapshot}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest said this account was unavailable on {when}. The packet documents everything in it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no pictures or videos</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln pictures and videos</source>
            <translation>
                <numerusform>%Ln picture or video</numerusform>
                <numerusform>%Ln pictures and videos</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln pictures and videos ({size})</source>
            <translation>
                <numerusform>%Ln picture or video ({size})</numerusform>
                <numerusform>%Ln pictures and videos ({size})</numerusform>
            </translation>
        </message>
        <message>
            <source>Unnamed board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>, </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>“{name}”</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>{names} and %Ln more</source>
            <translation>
                <numerusform>{names} and %Ln more</numerusform>
                <numerusform>{names} and %Ln more</numerusform>
            </translation>
        </message>
        <message>
            <source>never checked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none of them ever checked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not checked since {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the oldest not checked since {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A removal there would not be seen yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What the packet shows of them is as last seen; its report names them.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{boards} in {snapshot}: {names}; {since}. {meaning}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>One of these files is missing from the archive: the packet will name it without holding it, and its report says so.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln of these files are missing from the archive: the packet will name them without holding them, and its report says so.</source>
            <translation>
                <numerusform>%Ln of these files is missing from the archive: the packet will name it without holding it, and its report says so.</numerusform>
                <numerusform>%Ln of these files are missing from the archive: the packet will name them without holding them, and its report says so.</numerusform>
            </translation>
        </message>
        <message>
            <source>Go back and choose other snapshots, or Everything in the account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing was lost between {older} and {newer} from the boards that were checked.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing was lost between {older} and {newer}: the second has every board, section and pin the first has.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What was lost between {older} and {newer}: {what}, with {media}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Everything in the account {account}, as in {snapshot}: {what}, with {media}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Everything in the account, as in {snapshot}: {what}, with {media}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest said the account was unavailable on {when}; the report says so.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>board: {title}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Untitled board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>section: {title}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Untitled section</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pin: {title}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Untitled pin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{item}  (board: {board})</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>… and %Ln more (all are in the packet)</source>
            <translation>
                <numerusform>… and %Ln more (all are in the packet)</numerusform>
                <numerusform>… and %Ln more (all are in the packet)</numerusform>
            </translation>
        </message>
        <message>
            <source>With no limit, the packet holds every picture and video as you backed it up.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The pictures and videos come to {size}, more than {limit} MB: the packet gets small thumbnails instead, and the full packet is saved beside it to send another way.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>If the packet is over the limit, it gets small thumbnails instead of the pictures and videos, and the full packet is saved beside it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It documents what was lost: {what}, with {media}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It documents everything in the account: {what}, with {media}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It documents what was lost: {what}, with thumbnails in place of the pictures and videos.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It documents everything in the account: {what}, with thumbnails in place of the pictures and videos.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved as {path} ({size}).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It did not fit in {limit} MB, so it holds small thumbnails instead of the pictures and videos. The full packet is beside it, with {media}: {path} ({size}).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Even with no pictures it is over {limit} MB: send the full packet another way (a file-sharing link), or make one packet per board.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Attach the ZIP file to your appeal as it is. Open the report to read what it says first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelled: no packet was written.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the system refused it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The packet could not be saved in {folder} ({reason}); nothing was written there. Choose another folder, or free some space.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an unexpected error (details are in the log file).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The packet could not be made: {why}</source>
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
            <source>Pinterest says this account is unavailable. Everything archived so far is kept, unchanged, as evidence.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A backup reads every board and downloads only the pictures and videos that are new, so it sees every removal. A quick backup uses fewer requests (for a Pinterest app with Trial access): it leaves out boards whose counts did not change, and says which it did not check. Every earlier snapshot is kept.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Back up now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read every board; download only what is new</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Quick backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fewer requests: boards whose counts did not change are left out</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Connect your Pinterest account…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backup progress</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Idle</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backup phase</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show what happened</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backup log</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This archive has no login on this computer: connect the account in Settings to back it up.</source>
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
            <source>Quick backup of {account} started.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backup of {account} started.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Starting…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backing up…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stopping after the current step…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel asked; stopping after the current step.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{sentence} ({seconds} s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>  not saved: {kind} {what}: {reason}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backup cancelled before it saved anything; the archive is as it was.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backup failed: {why}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an unexpected error (details are in the log file).</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Browse</name>
        <message>
            <source>Unnamed section</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>BrowsePage</name>
        <message>
            <source>No backup yet: run a backup first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No account connected.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Browse</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Browse status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing to browse</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back up now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Boards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Boards</source>
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
        <message>
            <source>Sec&amp;tion</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Section</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Search</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Search pins by title or description</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title or description</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>When the board was last checked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Number of pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading the archive…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No sections</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All sections</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{sentence} Its sections and pins are shown as last seen.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln boards were not checked in the latest backup: their pins are shown as last seen.</source>
            <translation>
                <numerusform>%Ln board was not checked in the latest backup: its pins are shown as last seen.</numerusform>
                <numerusform>%Ln boards were not checked in the latest backup: their pins are shown as last seen.</numerusform>
            </translation>
        </message>
        <message>
            <source>Unnamed section</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{section} · removed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Counting pins…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln pin(s) found</source>
            <translation>
                <numerusform>%Ln pin found</numerusform>
                <numerusform>%Ln pins found</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln pin(s)</source>
            <translation>
                <numerusform>%Ln pin</numerusform>
                <numerusform>%Ln pins</numerusform>
            </translation>
        </message>
        <message>
            <source>No pin's title or description contains that text.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No pins here.</source>
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
            <source>The archive could not be read.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>BuildStep</name>
        <message>
            <source>Packet progress</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Packet phase</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop; no packet is written</source>
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
        <name>CaseReminders</name>
        <message>
            <source>Case {number} ({title}): {deadline}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{account}: {reminder}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A deadline is near</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>CaseWords</name>
        <message>
            <source>Removed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Limited distribution</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account suspended</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Decision not stated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open: not appealed yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Appealed: waiting for Pinterest</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Taken further (a settlement body or an authority)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reinstated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Upheld: Pinterest kept its decision</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Closed</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln pin(s) on “{board}”</source>
            <translation>
                <numerusform>%Ln pin on “{board}”</numerusform>
                <numerusform>%Ln pins on “{board}”</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln pin(s)</source>
            <translation>
                <numerusform>%Ln pin</numerusform>
                <numerusform>%Ln pins</numerusform>
            </translation>
        </message>
        <message>
            <source>the board “{board}”</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>your account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{decision}: {subject}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>passed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>today</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>in %Ln day(s)</source>
            <translation>
                <numerusform>in %Ln day</numerusform>
                <numerusform>in %Ln days</numerusform>
            </translation>
        </message>
        <message>
            <source>Appeal by {day}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest's answer to your data request is due {day}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest's latest answer to your data request, if it extends, is due {day}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{deadline} — {left}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The notice gives no date: appeal within six months of the day it reached you</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Every deadline has passed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No deadline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>its Enforcement ID</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>which pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>which board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>what was decided</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>which rule was broken</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>whether automated means were used</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>how the violation was found</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>when the decision was made</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>one more fact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{first} or {last}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The notice states every fact the letters need.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The notice does not say {what}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This notice was read before: case {number} ({title}) is unchanged.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the notice into case {number}: {title}, and it states every fact the letters need.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the notice into case {number}: {title}; the notice does not say {unknown}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not stated in the notice</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>yes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Decision</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Date of the decision</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enforcement ID (the case's reference)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rule named</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How the violation was found</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Automated means used</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Notice sent on</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name}: {value}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Appeal to Pinterest</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Complaint under the EU's Digital Services Act</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Out-of-court settlement (EU)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ask Pinterest for your data (GDPR)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Report to the US Federal Trade Commission</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest takes one appeal per decision.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Within six months of the decision; the notice gives no date, so count from the day it reached you. Send this one or the other, not both.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Send by {day} — {left}. Send this one or the other, not both.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No deadline; the body decides within 90 days (180 for complex cases), and its decision is not binding.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No deadline for you; Pinterest must answer within a month of receiving it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No deadline; for users in the United States.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Case opened from a notice</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Another notice read</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Letter written: {route} ({file})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Calendar written ({file})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status changed to: {status}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recorded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{when} · {what}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>CasesPage</name>
        <message>
            <source>Appeals</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Each decision Pinterest tells you of by e-mail or in the Reports and Violations Center becomes a case here: what the notice says, your pins as your backups kept them, where to appeal and by when, and the letters to send.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Import a notice from Pinterest…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What the notice said</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import a notice from Pinterest…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cases</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next deadline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What the notice says</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The notice's facts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your pins, as your backups kept them</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest's notices leave the pictures out; your archive has them to attach to a letter. Double-click a pin to open it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The case's pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Where to send it, and by when</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your email address</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your n&amp;ame, to sign the letters:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your e&amp;mail address:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Write the letter…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Write the letter: {route}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add the deadlines to my &amp;calendar…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Build an appeal &amp;packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outcome</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show in &amp;folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Details: what was done, and when</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The case's record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No case yet. When Pinterest removes a pin, limits its distribution or suspends your account, save its e-mail or page and import it here: the deadlines and the letters follow from it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No account connected.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Case {number}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The cases could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Case {number}: {title}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The notice gives no date to count from.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The case could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(untitled)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{title} — on “{board}”</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{pin} (gone from Pinterest)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{pin} (no picture kept)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A pin your backups never saw (Pin ID {pin})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The notice names no pin.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect an account or import a data export first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose the notice Pinterest sent you</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest's notice ({patterns});;All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading {file}…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The notice could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Letter for case {number} – {route}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the letter as</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>PDF document (*.pdf);;Web page (*.html);;Plain text (*.txt)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Writing the letter…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The letter is saved as {file}. Put your own words where it asks for them, then send it as it says at its top.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Deadlines of case {number}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the deadlines as a calendar file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Calendar file (*.ics)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Writing the calendar…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The deadlines are saved as {file}, with reminders a week and a day before. Open it to add them to your calendar.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The file could not be written.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The folder could not be opened; the file is in {where}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recorded: {status}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The status could not be saved.</source>
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
        <name>ChooseStep</name>
        <message>
            <source>What was &amp;lost between two snapshots</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Everything in the account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only what one backup had and a later one did not</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>For an account that is suspended or deactivated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last good snapshot (from)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Snapshot that shows the loss (to)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Snapshot to document</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fr&amp;om:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;To:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;As backed up in:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>About this choice</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ConnectAssistant</name>
        <message>
            <source>App name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name}'s backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>My own backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Company name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Independent creator</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Company website</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Privacy policy link</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>App purpose</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A personal backup of my own Pinterest account. It reads my boards, sections and pins, secret ones included, and keeps a copy on my own computer, so that I can see what was removed, document it in an appeal and put it back. Only I use it; nothing is shared, sold or published.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Use case</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinner app</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Audience</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Creators</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>see your account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>see your boards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>see your secret boards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>see your pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>see your secret pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>create and change boards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>create and change secret boards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>create and change pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>create and change secret pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>, </source>
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
        <name>DetailsStep</name>
        <message>
            <source>Statement</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>In your own words: who you are, what was removed, and why it does not break Pinterest's rules (for example: these are my own designs, made in 2019).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your email address</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Case reference</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>If Pinterest gave you one</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep it under a size &amp;limit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Appeal forms and email limit how big an attachment can be</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Size limit in megabytes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> MB</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>About the size limit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Let other &amp;people who use this computer open the packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Left unticked, only you can open the packet, as with your archive</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>T&amp;ime-stamp the packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Two independent time-stamp authorities confirm when the packet was made; only its fingerprint is sent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Si&amp;gn it with my own key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A key of your own, made the first time and kept with your logins, signs the packet; the report shows the key's fingerprint so anyone can check it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the packet as</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choos&amp;e…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose where to save the packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Statement:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your n&amp;ame:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>E&amp;mail:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Case &amp;reference:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Match my &amp;original files…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your own picture files, matched to your pins, are listed in the packet as proof that the pictures are yours</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save &amp;to:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The statement is longer than {size} KB; shorten it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The email address needs an @, like ann@example.com.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time stamps are turned off in Settings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the appeal packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ZIP files (*.zip)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose where to save the packet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Give the full place to save the packet, or use Choose.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>That is a folder: give the packet a file name ending in .zip.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not replaced: choose another name for the packet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replace the file?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} already exists in {folder}. Replace it with the new packet?</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>DoneStep</name>
        <message>
            <source>The packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Open the report</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read the packet's report (report.pdf)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Show in folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open the folder that holds the packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Build &amp;another</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>FileJobDialog</name>
        <message>
            <source>Starting…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{title} progress</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stopping…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It failed (the details are in the log file).</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>FileJobs</name>
        <message>
            <source>Pinterest data export (*.zip *.html *.htm);;All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose the data export Pinterest sent you</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect an account or import a data export first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Where should the website be saved?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest website {date}</source>
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
            <source>time-stamped</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting to be time-stamped</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not time-stamped</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Two independent authorities signed this snapshot's fingerprint: proof that what it holds existed by then.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>One authority of two signed this snapshot's fingerprint so far; the next backup asks for the other.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No time-stamp authority could be reached yet; the next backup asks again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time stamps were off when it was made, or it did not finish (Settings ▸ Proof of time).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{outcome} · {stamp}</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>{when} · {kind} (%Ln pin(s))</source>
            <translation>
                <numerusform>{when} · {kind} (%Ln pin)</numerusform>
                <numerusform>{when} · {kind} (%Ln pins)</numerusform>
            </translation>
        </message>
        <message>
            <source>{when} · {kind}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the backup of {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{since}: {why}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{boards} in {backup}: it is held as last seen, so a removal there does not show here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{boards} in {backup}: they are held as last seen, so a removal there does not show here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no backup ever saw this pin: the export's word alone</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>No backup ever saw %Ln of these pins: for those, that rests on the export alone.</source>
            <translation>
                <numerusform>No backup ever saw %Ln of these pins: for those, that rests on the export alone.</numerusform>
                <numerusform>No backup ever saw %Ln of these pins: for those, that rests on the export alone.</numerusform>
            </translation>
        </message>
        <message>
            <source>No backup ever saw this pin: that rests on the export alone.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No backup ever saw any of these pins: that rests on the export alone.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>export of {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{export}; {mark}</source>
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
        <message>
            <source>{kind}: {title}</source>
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
        <message>
            <source>{kind} {id}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>HistoryPage</name>
        <message>
            <source>History</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Every backup is a snapshot. Choose one to see what changed since the complete snapshot before it. Stopped (partial) snapshots never count as removals.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Snapshots</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose a snapshot.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Comparison summary</source>
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
            <source>Changes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Details</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No account connected.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No snapshots yet: run a backup first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{backup} stopped before it finished ({why}); it is kept, but never compared, so nothing is taken as removed from it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading what Pinterest's data export of {when} says…</source>
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
        <message numerus="yes">
            <source>This is Pinterest's data export of {when}. It is not a backup, so nothing is compared with it; it marks %Ln pin(s) as no longer alive.</source>
            <translation>
                <numerusform>This is Pinterest's data export of {when}. It is not a backup, so nothing is compared with it; it marks %Ln pin as no longer alive.</numerusform>
                <numerusform>This is Pinterest's data export of {when}. It is not a backup, so nothing is compared with it; it marks %Ln pins as no longer alive.</numerusform>
            </translation>
        </message>
        <message>
            <source>Nothing was removed from the boards that were checked.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing was removed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>From {older} to {newer}: {removed} removed, {added} added, {restored} restored, {changed} changed, {moved} moved.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>From {older} to {newer}: {removed} removed, {added} added, {changed} changed, {moved} moved.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Pinterest's data export marks %Ln pin(s) more as no longer alive.</source>
            <translation>
                <numerusform>Pinterest's data export marks %Ln pin more as no longer alive.</numerusform>
                <numerusform>Pinterest's data export marks %Ln pins more as no longer alive.</numerusform>
            </translation>
        </message>
        <message>
            <source>No longer alive, says Pinterest's data export ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Removed ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Added ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Changed ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Moved ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>board {old} → {new}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>One picture, many pins ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>last seen {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>first seen {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restored ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>put back for the archived one it replaces</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not checked in this snapshot ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>board: {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The archive could not be read.</source>
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
        <name>ImportDialog</name>
        <message>
            <source>Import Pinterest's data export</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading {file}…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show what was lost</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>JobProgress</name>
        <message numerus="yes">
            <source>about %n min left</source>
            <translation>
                <numerusform>about %n min left</numerusform>
                <numerusform>about %n min left</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>about %n s left</source>
            <translation>
                <numerusform>about %n s left</numerusform>
                <numerusform>about %n s left</numerusform>
            </translation>
        </message>
        <message>
            <source>{done} of {total}</source>
            <translation type="unfinished" />
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
        <message>
            <source>{first} and {last}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{what} is gone since {when}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{what} are gone since {when}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The backup of {when} no longer found it on Pinterest; the archive keeps its copy.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The backup of {when} no longer found them on Pinterest; the archive keeps their copies.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>A backup is not finished. Stop it and quit? What is done so far is kept, and the next run continues from there.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop the backup and quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep backing up</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A restore is not finished. Stop it and quit? What is done so far is kept, and the next run continues from there.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop the restore and quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep restoring</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>An appeal packet is not finished. Stop it and quit? What is done so far is kept, and the next run continues from there.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop the packet and quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep building it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A move of the archives is not finished. Stop it and quit? What is done so far is kept, and the next run continues from there.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop the move and quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep moving them</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>An import is not finished. Stop it and quit? What is done so far is kept, and the next run continues from there.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop the import and quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep importing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Matching your originals is not finished. Stop it and quit? The pictures compared so far are kept for next time.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop matching and quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep matching</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A website is not finished. Stop it and quit? What is done so far is kept, and the next run continues from there.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop the website and quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep saving it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} (archive only)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mode</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pages</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Updates</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No account connected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The connected accounts could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Back up now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Connect your Pinterest account…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Import Pinterest's data export…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import a &amp;notice from Pinterest…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save as a &amp;website…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Match my original files…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Getting started</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Demo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Remove a board and some pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Demo: the removal happened on the sandbox. Back up to see it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Suspend the account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Demo: the suspension happened on the sandbox. Back up to see it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reinstate the account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Demo: the reinstatement happened on the sandbox. Back up to see it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It failed.</source>
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
            <source>Still running in the tray for scheduled backups.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop the running work?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stopping the running work…</source>
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
            <source>Removed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loading more pins…</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MatchDialog</name>
        <message>
            <source>Match my original files</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Matches</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How close</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Made</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Which files, and why</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Files that could not be read</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Comparing the pictures in {folder} with your archive…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>… and %Ln more</source>
            <translation>
                <numerusform>… and %Ln more</numerusform>
                <numerusform>… and %Ln more</numerusform>
            </translation>
        </message>
        <message>
            <source>{name}: {why}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MatchOriginals</name>
        <message>
            <source>same picture</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>very close</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>close</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln of the 64 points of the pictures' fingerprints differ (a resized copy differs in a few; another picture in about half).</source>
            <translation>
                <numerusform>%Ln of the 64 points of the pictures' fingerprints differs (a resized copy differs in a few; another picture in about half).</numerusform>
                <numerusform>%Ln of the 64 points of the pictures' fingerprints differ (a resized copy differs in a few; another picture in about half).</numerusform>
            </translation>
        </message>
        <message>
            <source>no date in the file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{when} (the file's own date: it holds no camera date)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>taken {when} (the camera's date in the file)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{when} (the date the camera or an editor wrote in the file)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No pictures in that folder could be compared.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>{matched} of %Ln originals match pins in your archive.</source>
            <translation>
                <numerusform>{matched} of %Ln original matches pins in your archive.</numerusform>
                <numerusform>{matched} of %Ln originals match pins in your archive.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Together they match %Ln pin(s).</source>
            <translation>
                <numerusform>Together they match %Ln pin.</numerusform>
                <numerusform>Together they match %Ln pins.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln original(s) match no pin.</source>
            <translation>
                <numerusform>%Ln original matches no pin.</numerusform>
                <numerusform>%Ln originals match no pin.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln file(s) could not be read.</source>
            <translation>
                <numerusform>%Ln file could not be read.</numerusform>
                <numerusform>%Ln files could not be read.</numerusform>
            </translation>
        </message>
        <message>
            <source>Every appeal packet you make from now on lists these matches.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(untitled)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{title} (gone from Pinterest)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(no board)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect an account or import a data export first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose the folder with your original pictures</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Overview</name>
        <message>
            <source>full</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>quick</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No Pinterest account is connected yet. Connect yours to back it up; or import Pinterest's data export from the File menu, no app needed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect your Pinterest account</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>This archive holds Pinterest's data export: %Ln pin(s), {gone} of them no longer alive. Build an appeal packet to document them, or connect the account in Settings to back it up.</source>
            <translation>
                <numerusform>This archive holds Pinterest's data export: %Ln pin, {gone} of them no longer alive. Build an appeal packet to document them, or connect the account in Settings to back it up.</numerusform>
                <numerusform>This archive holds Pinterest's data export: %Ln pins, {gone} of them no longer alive. Build an appeal packet to document them, or connect the account in Settings to back it up.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>This archive holds Pinterest's data export: %Ln pin(s). Build an appeal packet to document them, or connect the account in Settings to back it up.</source>
            <translation>
                <numerusform>This archive holds Pinterest's data export: %Ln pin. Build an appeal packet to document them, or connect the account in Settings to back it up.</numerusform>
                <numerusform>This archive holds Pinterest's data export: %Ln pins. Build an appeal packet to document them, or connect the account in Settings to back it up.</numerusform>
            </translation>
        </message>
        <message>
            <source>Build an appeal packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This archive has no login on this computer. Browse it or build an appeal packet from it; connect the account to back it up again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest says this account is unavailable. Everything archived is kept, unchanged, as evidence: build an appeal packet to attach to your appeal.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The last backup found content gone from Pinterest. Build an appeal packet to document it; the archive keeps every copy, to restore once it can be put back.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing is archived yet. Back up now to keep a copy of your boards, sections and pins on this computer.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back up now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The last backup stopped before it finished, so it is not the archive's latest word. Run it again to complete it; nothing already saved is fetched twice.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Finish the backup</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln boards were not checked in the last backup (the oldest not checked since {when}): a removal there would not be seen yet. Back up now to read every board.</source>
            <translation>
                <numerusform>%Ln board was not checked in the last backup (not checked since {when}): a removal there would not be seen yet. Back up now to read every board.</numerusform>
                <numerusform>%Ln boards were not checked in the last backup (the oldest not checked since {when}): a removal there would not be seen yet. Back up now to read every board.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln boards were not checked in the last backup: a removal there would not be seen yet. Back up now to read every board.</source>
            <translation>
                <numerusform>%Ln board was not checked in the last backup: a removal there would not be seen yet. Back up now to read every board.</numerusform>
                <numerusform>%Ln boards were not checked in the last backup: a removal there would not be seen yet. Back up now to read every board.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Every board was read, but %Ln file(s) still have to be downloaded. Back up now to fetch them.</source>
            <translation>
                <numerusform>Every board was read, but %Ln file still have to be downloaded. Back up now to fetch them.</numerusform>
                <numerusform>Every board was read, but %Ln files still have to be downloaded. Back up now to fetch them.</numerusform>
            </translation>
        </message>
        <message>
            <source>Your archive is up to date as of the last backup. Back up again to catch any change.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account unavailable since {when}: Pinterest refuses this account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account unavailable: Pinterest refuses this account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Everything archived is kept, unchanged, as evidence; the last complete backup before that is the one of {when}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Everything archived is kept, unchanged, as evidence.</source>
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
        <message>
            <source>Checking…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connection</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last backup:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Schedule:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Archived:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Archived content</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>On disk:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Archive size</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No account connected.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not connected: an archive on this computer, with no login (from Pinterest's data export, or an account since disconnected).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Never</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{when} ({kind}); since then, Pinterest's data export of {exported} imported</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Never; Pinterest's data export of {exported} imported</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{when} ({kind}, {state})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>, </source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln pin(s) from Pinterest's data export</source>
            <translation>
                <numerusform>%Ln pin from Pinterest's data export</numerusform>
                <numerusform>%Ln pins from Pinterest's data export</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln media file(s)</source>
            <translation>
                <numerusform>%Ln media file</numerusform>
                <numerusform>%Ln media files</numerusform>
            </translation>
        </message>
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
        <message>
            <source>Nothing yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The archive could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connected: {boards} boards, {pins} pins on Pinterest</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unavailable: Pinterest refuses this account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The login has expired: connect the account again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Offline: {why}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest could not be reached.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>PinDetailPane</name>
        <message>
            <source>board {id} (not archived)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>In the archive's latest view of the account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{when} (snapshot {number})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>snapshot {number}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Its board has never been checked: {why}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Its board has not been checked since {when}: {why}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>kept as last seen, not checked, until {when} (#{number})</source>
            <translation type="unfinished" />
        </message>
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
            <source>This pin is no longer in the archive.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No section</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>size unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>unknown type</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>saved</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not saved ({status})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{kind}, {size}, {state}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Never probed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The pin's picture</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No files archived for this pin.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A video: open the file to play it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No preview for this file.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No preview for this pin.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{board} / {section}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>first archived</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>seen again</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>PinModels</name>
        <message>
            <source>Untitled pin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unnamed board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Removed: missing since snapshot {number}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>public</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>secret</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>protected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All pins ({count})</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Every archived pin: %Ln pin(s)</source>
            <translation>
                <numerusform>Every archived pin: %Ln pin</numerusform>
                <numerusform>Every archived pin: %Ln pins</numerusform>
            </translation>
        </message>
        <message>
            <source>{name} ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{board} · removed</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Board {name}, %Ln pin(s)</source>
            <translation>
                <numerusform>Board {name}, %Ln pin</numerusform>
                <numerusform>Board {name}, %Ln pins</numerusform>
            </translation>
        </message>
        <message>
            <source>{said}, {status}</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln pin(s), {sections}</source>
            <translation>
                <numerusform>%Ln pin, {sections}</numerusform>
                <numerusform>%Ln pins, {sections}</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln section(s)</source>
            <translation>
                <numerusform>%Ln section</numerusform>
                <numerusform>%Ln sections</numerusform>
            </translation>
        </message>
        <message>
            <source>Privacy: {privacy}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pin {title}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pin {title}, {status}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No preview</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>PreviewStep</name>
        <message>
            <source>What goes in the packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pictures in the packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Items in the packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Untitled</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ProofOfTime</name>
        <message>
            <source>Not saved: “{address}” is not a web address. An authority's address starts with https:// (or http://), like https://freetsa.org/tsr.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Not saved: %Ln of these are not web addresses, “{address}” first. An authority's address starts with https:// (or http://), like https://freetsa.org/tsr.</source>
            <translation>
                <numerusform>Not saved: %Ln of these is not a web address, “{address}”. An authority's address starts with https:// (or http://), like https://freetsa.org/tsr.</numerusform>
                <numerusform>Not saved: %Ln of these are not web addresses, “{address}” first. An authority's address starts with https:// (or http://), like https://freetsa.org/tsr.</numerusform>
            </translation>
        </message>
        <message>
            <source>Proof of time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time-stamp each backup and appeal packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>After each complete backup, and for each appeal packet, one SHA-256 fingerprint is sent to two independent time-stamp authorities, who sign the time they saw it; nothing else leaves your computer: no pictures, no names, no account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your own time-stamp authorities</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>https://… (several separated by spaces)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your own authorities:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Optional. An authority of your own (a qualified one under eIDAS, say) is asked first; the free public authorities make up the rest.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Problem with the addresses</source>
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
        <name>RestoreConfirm</name>
        <message>
            <source>Pinterest said this app has Trial access: what is restored is visible only to you, not to anyone else, and Pinterest may refuse some of it. For everyone to see it, the app needs Standard access.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Trial access: if your Pinterest app has Trial access, Pinterest shows what is restored only to you, not to anyone else (or refuses it). For everyone to see it, the app needs Standard access.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Put back {what} on the Pinterest account {account}, from {snapshot}?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This writes to your live Pinterest account. It takes {time}; you can cancel at any time, and what is done stays done. {again}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore to Pinterest?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Restore</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Don't restore</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RestorePage</name>
        <message>
            <source>Restore</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No account is connected. Connect your Pinterest account in Settings and back it up; if content is ever lost, come back here to put it back.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This archive has no login on this computer. Once Pinterest reinstates the account, connect it in Settings: what is missing can then be put back from this archive.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>There is no complete backup of this account yet, so there is nothing to restore from. Run a backup first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Use this after Pinterest reinstates your account, or after boards and pins were removed by mistake. First check what is missing: that only reads your account. Nothing is written to Pinterest until you confirm the plan you see.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All boards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing to restore</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore from snapshot</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore from sna&amp;pshot:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Boards to restore</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>B&amp;oards:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Chec&amp;k what is missing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Compare the snapshot with your account; sends nothing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Restore…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Asks before anything is written to Pinterest</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore permission</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore plan summary</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore progress</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore phase</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore report</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore plan and report</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Details</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>&amp;Restore %Ln item(s)…</source>
            <translation>
                <numerusform>&amp;Restore %Ln item…</numerusform>
                <numerusform>&amp;Restore %Ln items…</numerusform>
            </translation>
        </message>
        <message>
            <source>Check what is missing for this choice.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose Check what is missing to compare this snapshot with your account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Untitled board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The archive could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Comparing the snapshot with your account… Nothing is sent.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Checked: nothing was sent to Pinterest.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not restored: nothing was sent to Pinterest.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Starting…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restoring…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stopping after the current step…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{account}: {headline}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Check what is missing again to see your account as it is now.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RestoreTree</name>
        <message>
            <source>{how}, on the board {board}</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>{field} cut to %Ln character(s)</source>
            <translation>
                <numerusform>{field} cut to %Ln character</numerusform>
                <numerusform>{field} cut to %Ln characters</numerusform>
            </translation>
        </message>
        <message>
            <source>{how} ({cuts})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot come back ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Missing, will be put back ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>already there: not sent again, on the board {board}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>already there: not sent again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>put back: {how}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Put back ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not be put back ({count})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not sent: the restore stopped first ({count})</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln copies on one board</source>
            <translation>
                <numerusform>%Ln copy on one board</numerusform>
                <numerusform>%Ln copies on one board</numerusform>
            </translation>
        </message>
        <message>
            <source>Duplicates ({count})</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>… and %Ln more</source>
            <translation>
                <numerusform>… and %Ln more</numerusform>
                <numerusform>… and %Ln more</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RestoreWords</name>
        <message>
            <source>Run it again any time: it never makes duplicates.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln pin(s) uploaded again from your backup</source>
            <translation>
                <numerusform>%Ln pin uploaded again from your backup</numerusform>
                <numerusform>%Ln pins uploaded again from your backup</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln pin(s) uploaded again from your backup, as a carousel</source>
            <translation>
                <numerusform>%Ln pin uploaded again from your backup, as a carousel</numerusform>
                <numerusform>%Ln pins uploaded again from your backup, as a carousel</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln video pin(s) uploaded again from your backup</source>
            <translation>
                <numerusform>%Ln video pin uploaded again from your backup</numerusform>
                <numerusform>%Ln video pins uploaded again from your backup</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln pin(s) saved again from the pin it was saved from</source>
            <translation>
                <numerusform>%Ln pin saved again from the pin it was saved from</numerusform>
                <numerusform>%Ln pins saved again from the pin it was saved from</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln pin(s) created again</source>
            <translation>
                <numerusform>%Ln pin created again</numerusform>
                <numerusform>%Ln pins created again</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln pin(s): {method}</source>
            <translation>
                <numerusform>%Ln pin: {method}</numerusform>
                <numerusform>%Ln pins: {method}</numerusform>
            </translation>
        </message>
        <message>
            <source>uploaded again from your backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>uploaded again from your backup, as a carousel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>video uploaded again from your backup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>saved again from the pin it was saved from</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>created again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>board: {title}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Untitled board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>section: {title}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Untitled section</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pin: {title}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Untitled pin</source>
            <translation type="unfinished" />
        </message>
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
        <message>
            <source>nothing</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>about %Ln second(s)</source>
            <translation>
                <numerusform>about %Ln second</numerusform>
                <numerusform>about %Ln seconds</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>about %Ln minute(s)</source>
            <translation>
                <numerusform>about %Ln minute</numerusform>
                <numerusform>about %Ln minutes</numerusform>
            </translation>
        </message>
        <message>
            <source>about {hours} hours</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>snapshot {id} (backed up {when})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Snapshot {id}, {when} (before the account was lost)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Snapshot {id}, {when}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>From {snapshot}, the last complete backup before the account became unavailable.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>From {snapshot}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing is missing: everything in this snapshot that can come back is on your account ({present} already there).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Missing from your account now: {missing}. Already there: {present}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How the pins come back: {ways}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>; </source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>To send: {size} in %Ln write(s), {time} at Pinterest's limit of {limit} writes a minute.</source>
            <translation>
                <numerusform>To send: {size} in %Ln write, {time} at Pinterest's limit of {limit} writes a minute.</numerusform>
                <numerusform>To send: {size} in %Ln writes, {time} at Pinterest's limit of {limit} writes a minute.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln cannot come back (listed below, with the reason).</source>
            <translation>
                <numerusform>%Ln cannot come back (listed below, with the reason).</numerusform>
                <numerusform>%Ln cannot come back (listed below, with the reason).</numerusform>
            </translation>
        </message>
        <message>
            <source>Restore cancelled.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Run it again any time: it continues where it stopped and never makes duplicates.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore stopped: {why}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore finished, but some could not be put back.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Restore finished: everything that can come back is back.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Created {what}.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%Ln were already there and were not sent again.</source>
            <translation>
                <numerusform>%Ln was already there and was not sent again.</numerusform>
                <numerusform>%Ln were already there and were not sent again.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Could not be put back: %Ln (listed below, with the reason).</source>
            <translation>
                <numerusform>Could not be put back: %Ln (listed below, with the reason).</numerusform>
                <numerusform>Could not be put back: %Ln (listed below, with the reason).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Duplicates: %Ln pins now show more than once (listed below).</source>
            <translation>
                <numerusform>Duplicates: %Ln pin now shows more than once (listed below).</numerusform>
                <numerusform>Duplicates: %Ln pins now show more than once (listed below).</numerusform>
            </translation>
        </message>
        <message>
            <source>Duplicates: none.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelled: nothing more is being sent.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stopped early: nothing more is being sent.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Done: nothing more is being sent.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest says this account is unavailable, so nothing can be restored yet. Restore works once Pinterest reinstates the account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinterest refused the login: connect the account again in Settings, with restore permission.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an unexpected error (details are in the log file).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The check failed: {why}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The restore failed: {why}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Scheduler</name>
        <message>
            <source>No backup scheduled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next backup: {when}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Services</name>
        <message>
            <source>Demo: a local sandbox account, not Pinterest</source>
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
            <source>Off</source>
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
        <message numerus="yes">
            <source>Every %n hour(s)</source>
            <translation>
                <numerusform>Every %n hour</numerusform>
                <numerusform>Every %n hours</numerusform>
            </translation>
        </message>
        <message>
            <source>No secure password store is available to keep your Pinterest login. Unlock or install one (GNOME Keyring or KWallet), or tick the box below to keep logins in a file only your user can read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Accounts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connected accounts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Connect your Pinterest account…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Disconnect</source>
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
            <source>Allow restore: ask Pinterest for permission to create boards and pins</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Takes effect the next time you connect the account. Backups only ever read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backups on a schedule</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backup schedule</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back up:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>While the app runs (it can stay in the system tray). A backup missed while it was closed runs when it starts.</source>
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
            <source>Updates</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Check once a week whether a new version is out</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only the latest version number is read from the project's releases; nothing about you is sent, and nothing is installed. Help ▸ Check for updates… checks now, whatever this says.</source>
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
        <message>
            <source>{account} (login kept in a file)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{account} (login kept in the keyring)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No account connected yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Warning: {sentence}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The settings could not be read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose the account to disconnect first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Disconnect the account?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Forget the login of {account}? Its archive stays on this computer, and you can connect again at any time.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Site</name>
        <message>
            <source>Saved {pins} on {boards}, {files} ({size}) as a website in {out}. It opens in any browser, offline, without this app.</source>
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
        <message numerus="yes">
            <source>%Ln pictures and videos</source>
            <translation>
                <numerusform>%Ln picture or video</numerusform>
                <numerusform>%Ln pictures and videos</numerusform>
            </translation>
        </message>
        <message>
            <source>Personal data (such as IP addresses) was left out.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Like your archive, only you can open it on this computer.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SiteDialog</name>
        <message>
            <source>Save as a website</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Writing {account}'s archive as a website…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open in the browser</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved the website in {folder}.</source>
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
        <name>StorageBox</name>
        <message numerus="yes">
            <source>Move %Ln archive(s) ({size}) to {destination}?

Every file is copied and checked before anything is removed from {source}. Backups wait until the move has finished.</source>
            <translation>
                <numerusform>Move %Ln archive ({size}) to {destination}?

Every file is copied and checked before anything is removed from {source}. Backups wait until the move has finished.</numerusform>
                <numerusform>Move %Ln archives ({size}) to {destination}?

Every file is copied and checked before anything is removed from {source}. Backups wait until the move has finished.</numerusform>
            </translation>
        </message>
        <message>
            <source>Where things are kept</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Checking the keyring…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keyring status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Logins:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep logins in a file readable only by you (when there is no keyring)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Archive folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Archives:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open the archive folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Move the archives…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep the archives in another folder, such as an external drive</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel the move</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Archive move progress</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backups, the command line and scheduled backups all use this folder.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Archive folder status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Where should the archives be kept?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Checking the folder…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Move the archives?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The archives stay where they are.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Moving the archives…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stopping; the archives stay where they were…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The archives are now kept in {folder}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The archives were moved.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Move cancelled: the archives are where they were.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The archives could not be moved.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Tray</name>
        <message>
            <source>Idle</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back up now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show the window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account unavailable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Content is gone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{app}: {title}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>UpdateCheck</name>
        <message>
            <source>{app} {latest} is available (you have {current}).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not check for updates: {reason}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>You have the latest version ({current}).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Check once a week whether a new version of {app} is out? Only the version number is read from the project's releases; nothing about you is sent, and nothing is installed. You can change this in Settings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No browser could open {url}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Yes, once a week</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;No</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;See what's new</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Dismiss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A new version is out</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Checking for updates…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not check for updates.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>UpdateDialog</name>
        <message>
            <source>Check for updates</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What the check found</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;See what's new</source>
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
    <context>
        <name>Widgets</name>
        <message>
            <source>No secure password store is available to keep your Pinterest login. Unlock or install one (GNOME Keyring or KWallet), or tick “Keep logins in a file readable only by you” in Settings and try again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>unknown</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>