-- The test side of a headless Neovim session (0.7+, Debian's `neovim`) in
-- which the Arc set-up documented in docs/editors.md, loaded with -u, has
-- started `nao-language-server --stdio` for the opened story:
--
--   nvim --headless -n -i NONE -u setup.lua -c 'luafile client.lua' story.arc
--
-- Reads its inputs from the environment:
--   NAO_NVIM_HOVER_WORD  a word in the opened file to hover
--   NAO_NVIM_WAIT_FILES  comma-separated file names that must get diagnostics
--   NAO_NVIM_OUT         where to write the JSON result
--   NAO_NVIM_TIMEOUT_MS  how long to wait for the client, diagnostics, the hover
-- and writes { diagnostics = [...], hover = "...", errors = [...] } as JSON,
-- then quits (exit code 0; the mocha test judges the result).

local out_file = os.getenv('NAO_NVIM_OUT')
local timeout = tonumber(os.getenv('NAO_NVIM_TIMEOUT_MS') or '20000')
local result = {
  diagnostics = {}, hover = vim.NIL, errors = {}, server_exited = vim.NIL, nvim = vim.version(),
  filetype = vim.NIL, client = vim.NIL,
}

local function finish()
  local file = io.open(out_file, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qa!')
end

local function fail(message)
  table.insert(result.errors, message)
  finish()
end

-- The clients attached to a buffer (vim.lsp.get_clients from 0.10 on).
local function clients_of(bufnr)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = bufnr }) end
  local list = {}
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do table.insert(list, client) end
  return list
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  -- The set-up attaches its client when the story is opened.
  local client
  vim.wait(timeout, function()
    client = clients_of(bufnr)[1]
    return client ~= nil
  end, 20)
  if not client then return fail('no language client attached to the story (filetype ' .. result.filetype .. ')') end
  result.client = { name = client.name, root_dir = client.config.root_dir, cmd = client.config.cmd }
  local client_id = client.id

  -- Wait until every file named in NAO_NVIM_WAIT_FILES has diagnostics
  -- (the server publishes them for included files too), or the server exits.
  local wanted = vim.split(os.getenv('NAO_NVIM_WAIT_FILES') or '', ',', { trimempty = true })
  local function has_diagnostics(name)
    for _, d in ipairs(vim.diagnostic.get()) do
      if vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ':t') == name then return true end
    end
    return false
  end
  local diagnosed = vim.wait(timeout, function()
    if not vim.lsp.get_client_by_id(client_id) then return true end
    if #vim.diagnostic.get(bufnr) == 0 then return false end
    for _, name in ipairs(wanted) do
      if not has_diagnostics(name) then return false end
    end
    return true
  end, 20)
  if not diagnosed then table.insert(result.errors, 'no diagnostics within ' .. timeout .. ' ms') end

  for _, d in ipairs(vim.diagnostic.get()) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ':t'),
      line = d.lnum,
      col = d.col,
      severity = d.severity,
      code = d.code or lsp.code or vim.NIL,
      message = d.message,
    })
  end

  client = vim.lsp.get_client_by_id(client_id)
  if not client then return fail('the language server is not running') end

  local word = os.getenv('NAO_NVIM_HOVER_WORD')
  local line_number, column
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local found = line:find(word, 1, true)
    if found then
      line_number, column = index - 1, found
      break
    end
  end
  if not line_number then return fail('hover word not found: ' .. word) end

  local response, request_error = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = line_number, character = column },
  }, timeout, bufnr)
  if not response then
    table.insert(result.errors, 'hover failed: ' .. tostring(request_error))
  elseif response.err then
    table.insert(result.errors, 'hover error: ' .. vim.inspect(response.err))
  elseif response.result and response.result.contents then
    local contents = response.result.contents
    local lines = vim.lsp.util.convert_input_to_markdown_lines(contents)
    result.hover = table.concat(lines, '\n')
  end

  client.stop()
  local stopped = vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
  result.server_exited = { code = stopped and 0 or -1, signal = 0 }
  finish()
end)
if not ok then fail('lua error: ' .. tostring(err)) end
