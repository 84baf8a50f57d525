// SageLint through the vscode API, inside a real extension host, against test/e2e/workspace/pipeline.py.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sagelint.sagelint';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, get: () => T | undefined | Promise<T | undefined>, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n');
}

suite('SageLint in the VS Code extension host', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open (test/e2e/workspace)');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'pipeline.py'));
    await vscode.window.showTextDocument(doc);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the extension activates on a Python file', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await waitFor('activation', () => (ext.isActive ? true : undefined));
  });

  test('SM101 on the print() argument: range, severity Error, source sagelint', async () => {
    const diag = await waitFor('an SM101 diagnostic on line 3', () =>
      vscode.languages
        .getDiagnostics(doc.uri)
        .find((d) => d.source === 'sagelint' && d.range.start.line === 2),
    );
    const code = typeof diag.code === 'object' ? diag.code.value : diag.code;
    assert.strictEqual(code, 'SM101');
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(
      [diag.range.start.line, diag.range.start.character, diag.range.end.line, diag.range.end.character],
      [2, 6, 2, 46],
    );
    assert.strictEqual(doc.getText(diag.range), 'ExecutionVariables.PIPELINE_EXECUTION_ID');
    // The Problems panel shows the lead sentence: the problem and the fix; the details follow.
    assert.match(diag.message, /^print\(\) on pipeline variable `ExecutionVariables\.PIPELINE_EXECUTION_ID` raises TypeError: print its `\.expr`, or pass it to a step\. `ExecutionVariables\.PIPELINE_EXECUTION_ID` has no value until the pipeline runs; print\(\) calls str\(\) on it/);
  });

  test('hover on PIPELINE_EXECUTION_ID explains the execution variable', async () => {
    const position = new vscode.Position(2, doc.lineAt(2).text.indexOf('PIPELINE_EXECUTION_ID') + 3);
    const text = await waitFor('a sagelint hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
      const t = hoverText(hovers ?? []);
      return t.includes('ExecutionVariables.PIPELINE_EXECUTION_ID') ? t : undefined;
    });
    assert.match(text, /```python\s*\n\(execution variable\) ExecutionVariables\.PIPELINE_EXECUTION_ID: ExecutionVariable/);
    // the value's description comes from the SDK catalog ("ID of the execution" / "The Id of an execution.")
    assert.match(text, /Resolves, when the pipeline runs, to: \*\*[^*\n]*\b(ID|Id)\b[^*\n]*execution[^*\n]*\*\*/);
    for (const s of ['Execution.PipelineExecutionId', '.expr', '.to_string()', 'Join']) assert.ok(text.includes(s), `hover mentions ${s}: ${text}`);
  });

  test('the Join quick fix rewrites the f-string and imports Join', async () => {
    const diag = await waitFor('an SM101 diagnostic on the f-string', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'sagelint' && d.range.start.line === 3),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value,
    );
    const titles = (actions ?? []).map((a) => a.title);
    const join = (actions ?? []).find((a) => a.title === 'Build the value with Join(on="", values=[...])');
    assert.ok(join, `Join fix offered; got ${JSON.stringify(titles)}`);
    assert.strictEqual(join.isPreferred, true, 'the Join fix is preferred');
    assert.ok(join.edit, 'the fix carries an edit');
    assert.ok(await vscode.workspace.applyEdit(join.edit), 'applyEdit succeeded');
    const text = doc.getText();
    assert.ok(
      text.includes('path = Join(on="", values=["s3://bucket/", ExecutionVariables.PIPELINE_EXECUTION_ID])'),
      text,
    );
    assert.ok(text.includes('from sagemaker.workflow.functions import Join'), text);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(doc.getText().includes('path = f"s3://bucket/{ExecutionVariables.PIPELINE_EXECUTION_ID}"'), 'reverted');
  });

  test('the print() diagnostic offers the unsafe .expr fix and a disable comment', async () => {
    const diag = await waitFor('an SM101 diagnostic on line 3', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'sagelint' && d.range.start.line === 2),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
    const titles = (actions ?? []).map((a) => a.title);
    assert.ok(titles.includes('Print the definition: ExecutionVariables.PIPELINE_EXECUTION_ID.expr (unsafe fix)'), JSON.stringify(titles));
    assert.ok(titles.includes('Disable SM101 for this line'), JSON.stringify(titles));
  });

  test('SM702 offers to add boto3-stubs to requirements.txt (one edit of both files); a drifting pin then gets SM703 in requirements.txt', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const client = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'client.py'));
    const requirementsUri = vscode.Uri.joinPath(folder.uri, 'requirements.txt');
    await vscode.window.showTextDocument(client);
    const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
    const sm702 = await waitFor('an SM702 diagnostic in client.py', () => vscode.languages.getDiagnostics(client.uri).find((d) => codeOf(d) === 'SM702'));
    assert.strictEqual(sm702.severity, vscode.DiagnosticSeverity.Information);
    assert.strictEqual(client.getText(sm702.range), 'boto3.client("sagemaker")');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', client.uri, sm702.range, vscode.CodeActionKind.QuickFix.value);
    const titles = (actions ?? []).map((a) => a.title);
    const add = (actions ?? []).find((a) => a.title.startsWith('Add boto3-stubs[sagemaker]==1.35.10 to requirements.txt'));
    assert.ok(add?.edit, `add-stubs fix offered; got ${JSON.stringify(titles)}`);
    assert.deepStrictEqual(add.edit.entries().map(([uri]) => uri.path.split('/').pop()).sort(), ['client.py', 'requirements.txt']);
    assert.ok(await vscode.workspace.applyEdit(add.edit), 'applyEdit succeeded');
    const requirements = await vscode.workspace.openTextDocument(requirementsUri);
    try {
      assert.strictEqual(requirements.getText(), 'boto3==1.35.10\nsagemaker==2.257.6\nboto3-stubs[sagemaker]==1.35.10\n');
      assert.ok(client.getText().includes('sm: "SageMakerClient" = boto3.client("sagemaker")'), client.getText());
      assert.ok(client.getText().includes('from mypy_boto3_sagemaker import SageMakerClient'), client.getText());
      // Pin the stubs to another minor version: SM703 appears on that line of requirements.txt.
      const drift = new vscode.WorkspaceEdit();
      const line = requirements.lineAt(2);
      drift.replace(requirements.uri, line.range, 'boto3-stubs[sagemaker]==1.34.0');
      assert.ok(await vscode.workspace.applyEdit(drift));
      const sm703 = await waitFor('an SM703 diagnostic in requirements.txt', () => vscode.languages.getDiagnostics(requirements.uri).find((d) => codeOf(d) === 'SM703'));
      assert.strictEqual(sm703.severity, vscode.DiagnosticSeverity.Warning);
      assert.strictEqual(sm703.range.start.line, 2);
      assert.match(sm703.message, /1\.34\.0.*1\.35\.10|1\.35\.10.*1\.34\.0/);
    } finally {
      for (const d of [requirements, client]) {
        await vscode.window.showTextDocument(d);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.window.showTextDocument(doc);
    }
  });

  test('the commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['sagelint.restartServer', 'sagelint.showOutput']) assert.ok(commands.includes(c), `${c} registered`);
  });

  test('a notebook is analysed as a whole: SM101 and the hover land in the right cell, magics stay silent', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(folder.uri, 'pipeline.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    // Cell 5 uses `bucket`, a ParameterString defined in cell 3, in an f-string.
    const cell = notebook.cellAt(4).document;
    const diag = await waitFor('an SM101 diagnostic in cell 5', () =>
      vscode.languages.getDiagnostics(cell.uri).find((d) => d.source === 'sagelint'),
    );
    const code = typeof diag.code === 'object' ? diag.code.value : diag.code;
    assert.strictEqual(code, 'SM101');
    assert.strictEqual(diag.range.start.line, 2);
    assert.strictEqual(cell.getText(diag.range), 'bucket');
    for (const index of [1, 2, 3]) {
      const other = vscode.languages.getDiagnostics(notebook.cellAt(index).document.uri).filter((d) => d.source === 'sagelint');
      assert.deepStrictEqual(other.map((d) => d.message), [], `cell ${index + 1} (magics and shell lines) has no findings`);
    }
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell.uri, diag.range.start);
    assert.match(hoverText(hovers ?? []), /pipeline variable\) bucket: ParameterString/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
