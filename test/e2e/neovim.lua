-- Neovim (0.7+) as an LSP client of `node dist/cli.js lsp`: diagnostics and hover on the fixture.
-- Run: SAGELINT_REPO=<repo> nvim --headless -u NONE -i NONE -n -S test/e2e/neovim.lua
-- Prints one PASS/FAIL line per check and `N passed, N failed`; exits 1 on failure.
local repo = assert(os.getenv('SAGELINT_REPO'), 'SAGELINT_REPO is not set')
local file = repo .. '/test/e2e/workspace/pipeline.py'
local passed, failed = 0, 0
local rpc_errors = {}
local function out(s) io.stdout:write(s .. '\n') end
local function check(name, ok, detail)
  if ok then passed = passed + 1 else failed = failed + 1 end
  out((ok and 'PASS ' or 'FAIL ') .. name .. (detail and (' — ' .. detail) or ''))
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'sagelint',
    cmd = { 'node', repo .. '/dist/cli.js', 'lsp' },
    root_dir = repo .. '/test/e2e/workspace',
    on_error = function(code, err)
      table.insert(rpc_errors, (vim.lsp.rpc.client_errors[code] or tostring(code)) .. ' ' .. (vim.inspect(err):gsub('%s+', ' ')):sub(1, 80))
    end,
  })
  check('language server starts', client_id ~= nil)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'python'
  vim.lsp.buf_attach_client(0, client_id)

  local got = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(0)) do if d.source == 'sagelint' then return true end end
    return false
  end, 50)
  check('diagnostics arrive', got)
  local sm101
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'SM101' and d.lnum == 2 then sm101 = d end
  end
  check('SM101 on the print() argument (line 3, columns 6-46, error)',
    sm101 ~= nil and sm101.col == 6 and sm101.end_col == 46 and sm101.severity == vim.diagnostic.severity.ERROR,
    sm101 and string.format('lnum=%d col=%d end_col=%d severity=%d', sm101.lnum, sm101.col, sm101.end_col, sm101.severity)
      or vim.inspect(vim.tbl_map(function(d) return { d.lnum, d.col, d.code } end, vim.diagnostic.get(0))))

  local line = vim.api.nvim_buf_get_lines(0, 2, 3, false)[1]
  local col = assert(line:find('PIPELINE_EXECUTION_ID', 1, true)) + 2 -- 0-based column inside the name
  local params = { textDocument = vim.lsp.util.make_text_document_params(), position = { line = 2, character = col } }
  local responses = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000) or {}
  local text = ''
  for _, r in pairs(responses) do
    if r.result and r.result.contents then
      local c = r.result.contents
      text = text .. (type(c) == 'string' and c or (c.value or vim.inspect(c)))
    end
  end
  check('hover mentions PipelineExecutionId / ID of the execution',
    text:find('PipelineExecutionId', 1, true) ~= nil or text:find('ID of the execution', 1, true) ~= nil,
    (text:gsub('\n', ' ')):sub(1, 120))
  vim.lsp.stop_client(client_id)
end)
-- Not counted as a failure: `sagelint lsp` answering `initialize` twice shows up here (NO_RESULT_CALLBACK_FOUND).
for _, e in ipairs(rpc_errors) do out('WARN client-side LSP error: ' .. e) end
if not ok then check('neovim script ran', false, tostring(err)) end
out(string.format('%d passed, %d failed', passed, failed))
vim.cmd(failed == 0 and 'qa!' or 'cq!')
