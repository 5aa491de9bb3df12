// The Jixiao extension: starts `jixiao lsp` as the language server of `.perf` files and adds the
// commands that run the CLI (tests, explain, heatmap). Everything language-aware lives in the server.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFile } from 'child_process';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let terminal: vscode.Terminal | undefined;

interface Declaration {
  kind: string;
  name: string;
  label?: string;
  uri: string;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('jixiao');
}

function jixiaoPath(): string {
  return config().get<string>('path', 'jixiao') || 'jixiao';
}

// The project folder: the workspace folder of the active file, else the first one.
function projectRoot(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath;
}

function dataDir(root: string): string {
  const dir = config().get<string>('dataDir', 'data') || 'data';
  return path.isAbsolute(dir) ? dir : path.join(root, dir);
}

function quote(arg: string): string {
  if (process.platform === 'win32') return `"${arg.replace(/"/g, '""')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function runInTerminal(args: string[]): void {
  if (!terminal || terminal.exitStatus !== undefined) terminal = vscode.window.createTerminal('Jixiao');
  terminal.show(true);
  terminal.sendText([jixiaoPath(), ...args].map(quote).join(' '));
}

async function startClient(): Promise<void> {
  const serverOptions: ServerOptions = { command: jixiaoPath(), args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'perf' },
      { scheme: 'untitled', language: 'perf' },
    ],
    // Files that are not open are part of the program too: tell the server when they change.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.perf') },
    initializationOptions: { diagnosticsDelayMs: config().get<number>('diagnosticsDelayMs', 200) },
  };
  client = new LanguageClient('jixiao', 'Jixiao language server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    void vscode.window.showErrorMessage(
      `Could not start \`${jixiaoPath()} lsp\` (set jixiao.path to the jixiao executable): ${String(err)}`,
    );
  }
}

// The declaration the cursor is in (or names), as the server resolves it.
async function declarationAtCursor(): Promise<Declaration | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== 'perf') return undefined;
  return (
    (await client.sendRequest<Declaration | null>('jixiao/declarationAt', {
      textDocument: { uri: editor.document.uri.toString() },
      position: editor.selection.active,
    })) ?? undefined
  );
}

async function runTests(): Promise<void> {
  const root = projectRoot();
  if (!root) return void vscode.window.showErrorMessage('Open a folder with .perf files first.');
  runInTerminal(['test', root]);
}

async function explainIndicator(): Promise<void> {
  const root = projectRoot();
  const decl = await declarationAtCursor();
  if (!root || !decl || decl.kind !== 'indicator') {
    return void vscode.window.showErrorMessage('Put the cursor on an indicator (its declaration or a use of its name).');
  }
  const entity = await vscode.window.showInputBox({
    title: `Explain ${decl.name}`,
    prompt: 'The entity: column=value pairs separated by commas (empty for a company-wide indicator)',
    placeHolder: 'batch_id=B1',
  });
  if (entity === undefined) return;
  const period = await vscode.window.showInputBox({
    title: `Explain ${decl.name}`,
    prompt: 'The period: a date for days, 2025-W27, 2025-07, 2025-Q3, 2025, or all',
    placeHolder: '2025-07-01',
  });
  if (period === undefined) return;
  const args = ['explain', root, decl.name];
  if (entity.trim()) args.push('--entity', entity.trim());
  args.push('--period', period.trim() || 'all', '--data', dataDir(root));
  runInTerminal(args);
}

async function showHeatmap(): Promise<void> {
  const root = projectRoot();
  if (!root || !client) return void vscode.window.showErrorMessage('Open a folder with .perf files first.');
  const at = await declarationAtCursor();
  let chain = at?.kind === 'chain' ? at.name : undefined;
  if (!chain) {
    const chains = await client.sendRequest<Declaration[]>('jixiao/declarations', { kind: 'chain' });
    if (chains.length === 0) return void vscode.window.showErrorMessage('The project declares no chain.');
    const pick = await vscode.window.showQuickPick(
      chains.map((c) => ({ label: c.name, description: c.label })),
      { title: 'Show the heatmap of which chain?' },
    );
    chain = pick?.label;
  }
  if (!chain) return;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-')), 'heatmap.html');
  const args = ['heatmap', root, chain, '--data', dataDir(root), '--html', out];
  execFile(jixiaoPath(), args, { cwd: root }, (err, _stdout, stderr) => {
    if (err) {
      void vscode.window.showErrorMessage(`jixiao heatmap failed: ${stderr || err.message}`);
      return;
    }
    const panel = vscode.window.createWebviewPanel('jixiaoHeatmap', `Heatmap: ${chain}`, vscode.ViewColumn.Beside, {
      enableScripts: false,
    });
    panel.webview.html = fs.readFileSync(out, 'utf8');
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('jixiao.runTests', runTests),
    vscode.commands.registerCommand('jixiao.explainIndicator', explainIndicator),
    vscode.commands.registerCommand('jixiao.showHeatmap', showHeatmap),
    vscode.commands.registerCommand('jixiao.restartServer', async () => {
      if (client) await client.stop();
      await startClient();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('jixiao.path') || e.affectsConfiguration('jixiao.diagnosticsDelayMs')) {
        if (client) await client.stop();
        await startClient();
      }
    }),
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
