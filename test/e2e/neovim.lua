-- Neovim (0.7+) as an LSP client of `sagelint lsp`, configured with EXACTLY the README's snippet (read
-- from README.md here, so the README cannot drift from what is tested). run.sh puts a `sagelint` command
-- (the built dist/cli.js) first on PATH, as an installed package would.
-- Run: SAGELINT_REPO=<repo> nvim --headless -u NONE -i NONE -n -S test/e2e/neovim.lua
-- Prints one PASS/FAIL line per check and `N passed, N failed`; exits 1 on failure.
local repo = assert(os.getenv('SAGELINT_REPO'), 'SAGELINT_REPO is not set')
local workspace = repo .. '/test/e2e/workspace'
local file = workspace .. '/pipeline.py'
local passed, failed = 0, 0
local function out(s) io.stdout:write(s .. '\n') end
local function check(name, ok, detail)
  if ok then passed = passed + 1 else failed = failed + 1 end
  out((ok and 'PASS ' or 'FAIL ') .. name .. (detail and (' — ' .. detail) or ''))
end

--- The first ```lua block after the README's "Neovim" line.
local function readme_snippet()
  local text = table.concat(vim.fn.readfile(repo .. '/README.md'), '\n')
  local at = assert(text:find('\nNeovim', 1, true), 'README.md has no Neovim section')
  local snippet = text:match('```lua\n(.-)\n```', at)
  return assert(snippet, 'README.md has no ```lua block after "Neovim"')
end

local ok, err = pcall(function()
  local snippet = readme_snippet()
  check('the README snippet loads', true, (#snippet) .. ' characters')
  vim.cmd('cd ' .. vim.fn.fnameescape(workspace)) -- the snippet's root_dir is the current folder
  assert(loadstring(snippet, 'README.md'))()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'python' -- -u NONE has no filetype detection; this fires the snippet's FileType autocmd

  local attached = vim.wait(15000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(0)) do if c.name == 'sagelint' then return true end end
    return false
  end, 50)
  check('the client is attached to the buffer', attached)
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
  for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
end)
if not ok then check('neovim script ran', false, tostring(err)) end
out(string.format('%d passed, %d failed', passed, failed))
vim.cmd(failed == 0 and 'qa!' or 'cq!')
