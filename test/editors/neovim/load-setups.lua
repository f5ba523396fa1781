-- Loads (compiles, without running) each Lua file named in the JSON array
-- $NAO_NVIM_SETUPS with Neovim's own Lua (LuaJIT's loadstring), and writes
-- { [file] = "ok" or the syntax error } as JSON to $NAO_NVIM_OUT, then quits.
local results = {}
for _, file in ipairs(vim.fn.json_decode(os.getenv('NAO_NVIM_SETUPS'))) do
  local handle = assert(io.open(file, 'r'))
  local chunk, err = loadstring(handle:read('*a'), '@' .. file)
  handle:close()
  results[file] = chunk and 'ok' or tostring(err)
end
local out = assert(io.open(os.getenv('NAO_NVIM_OUT'), 'w'))
out:write(vim.fn.json_encode(results))
out:close()
vim.cmd('qa!')
